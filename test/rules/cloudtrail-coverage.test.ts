import rule from "../../rules/cloudtrail-coverage.js";
import { ACCOUNT, identityPool, poolEntry, REGION, trail } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`;
const management = { Field: "eventCategory", Equals: ["Management"] };
const advanced = (...FieldSelectors: { Field: string; Equals?: string[]; NotEquals?: string[] }[]) => ({ Name: "mgmt", FieldSelectors });
const withTrails = (...trails: ReturnType<typeof trail>[]) => ({ entry, region: { trails } });

testRule(rule, {
  valid: [
    { name: "a logging multi-region trail with all management events", ...withTrails(trail()) },
    { name: "a single-region trail of this region", ...withTrails(trail({ IsMultiRegionTrail: false, HomeRegion: REGION })) },
    { name: "ReadWriteType absent means All", ...withTrails(trail({ eventSelectors: { EventSelectors: [{ IncludeManagementEvents: true }] } })) },
    {
      name: "a shadow of a multi-region trail from another home region",
      ...withTrails(trail({ HomeRegion: "us-east-1", TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`, IsOrganizationTrail: true })),
    },
    {
      name: "classic ReadOnly and WriteOnly selectors together",
      ...withTrails(
        trail({ eventSelectors: { EventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }, { ReadWriteType: "WriteOnly" }] } }),
      ),
    },
    { name: "advanced selector on management events", ...withTrails(trail({ eventSelectors: { AdvancedEventSelectors: [advanced(management)] } })) },
    {
      name: "advanced selectors split by readOnly",
      ...withTrails(
        trail({
          eventSelectors: {
            AdvancedEventSelectors: [advanced(management, { Field: "readOnly", Equals: ["true"] }), advanced(management, { Field: "readOnly", Equals: ["false"] })],
          },
        }),
      ),
    },
    {
      name: "advanced selector excluding KMS events only",
      ...withTrails(trail({ eventSelectors: { AdvancedEventSelectors: [advanced(management, { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] })] } })),
    },
    {
      name: "one selector excludes Cognito but another records everything",
      ...withTrails(
        trail({
          eventSelectors: {
            AdvancedEventSelectors: [advanced(management, { Field: "eventSource", NotEquals: ["cognito-idp.amazonaws.com"] }), advanced(management)],
          },
        }),
      ),
    },
    {
      name: "one good trail among bad ones",
      ...withTrails(trail({ Name: "off", TrailARN: "off", status: { IsLogging: false } }), trail({ Name: "ok", TrailARN: "ok" })),
    },
    { name: "a region holding only an identity pool", region: { identityPools: [identityPool()], trails: [trail()] } },
  ],
  invalid: [
    {
      name: "no trail at all",
      ...withTrails(),
      messageId: "noTrail",
      severity: "high",
      evidence: { region: REGION, trails: [] },
    },
    {
      name: "trail not logging",
      ...withTrails(trail({ status: { IsLogging: false } })),
      messageId: "notRecorded",
      severity: "high",
      evidence: { trails: [{ trail: ARN, logging: false, counts: false, why: "not logging (IsLogging is false)" }] },
    },
    {
      name: "status collected without IsLogging",
      ...withTrails(trail({ status: {} })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "not logging (IsLogging is absent)" }] },
    },
    {
      name: "single-region trail of another region",
      ...withTrails(trail({ IsMultiRegionTrail: false, HomeRegion: "us-east-1" })),
      messageId: "notRecorded",
      evidence: { trails: [{ multiRegion: false, why: `single-region trail of us-east-1, not ${REGION}` }] },
    },
    {
      name: "read-only management events",
      ...withTrails(trail({ eventSelectors: { EventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] } })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records only read-only management events" }] },
    },
    {
      name: "write-only management events",
      ...withTrails(trail({ eventSelectors: { EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] } })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records only write-only management events" }] },
    },
    {
      name: "data events only (IncludeManagementEvents false)",
      ...withTrails(
        trail({
          eventSelectors: {
            EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: false, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }] }],
          },
        }),
      ),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records no management events" }] },
    },
    {
      name: "advanced selector restricted to readOnly true",
      ...withTrails(trail({ eventSelectors: { AdvancedEventSelectors: [advanced(management, { Field: "readOnly", Equals: ["true"] })] } })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records only read-only management events" }] },
    },
    {
      name: "advanced selector excluding reads with NotEquals",
      ...withTrails(trail({ eventSelectors: { AdvancedEventSelectors: [advanced(management, { Field: "readOnly", NotEquals: ["true"] })] } })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records only write-only management events" }] },
    },
    {
      name: "advanced selectors on data events only",
      ...withTrails(
        trail({
          eventSelectors: { AdvancedEventSelectors: [advanced({ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.type", Equals: ["AWS::S3::Object"] })] },
        }),
      ),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records no management events" }] },
    },
    {
      name: "advanced selector that excludes Cognito's event source",
      ...withTrails(trail({ eventSelectors: { AdvancedEventSelectors: [advanced(management, { Field: "eventSource", NotEquals: ["cognito-idp.amazonaws.com"] })] } })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: 'advanced selector "mgmt" does not record cognito-idp.amazonaws.com; records no Cognito management events' }] },
    },
    {
      name: "no selectors at all",
      ...withTrails(trail({ eventSelectors: {} })),
      messageId: "notRecorded",
      evidence: { trails: [{ why: "records no management events" }] },
    },
    {
      name: "status not collected: the trail cannot count, and the evidence says why",
      entry,
      region: {
        trails: [trail({ status: undefined })],
        errors: [{ operation: "GetTrailStatus", code: "AccessDeniedException", message: "denied", resource: ARN }],
      },
      messageId: "unconfirmed",
      severity: "high",
      evidence: { trails: [{ logging: null, counts: false, why: "status not collected (GetTrailStatus failed with AccessDeniedException), so it cannot count" }] },
    },
    {
      name: "selectors not collected",
      ...withTrails(trail({ eventSelectors: undefined })),
      messageId: "unconfirmed",
      evidence: { trails: [{ why: "event selectors not collected (GetEventSelectors), so it cannot count" }] },
    },
    {
      name: "unknown status on a trail that could not count anyway",
      ...withTrails(trail({ status: undefined, IsMultiRegionTrail: false, HomeRegion: "us-east-1" })),
      messageId: "notRecorded",
    },
  ],
  notApplicable: [{ name: "a region with nothing to protect", region: { trails: [] } }],
  notEvaluated: [
    {
      name: "trails could not be listed",
      entry,
      region: { trails: undefined, errors: [{ operation: "DescribeTrails", code: "AccessDeniedException", message: "denied" }] },
      reason: /DescribeTrails failed with AccessDeniedException/,
    },
  ],
});
