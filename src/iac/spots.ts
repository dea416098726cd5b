// Where each resource of a snapshot built from infrastructure code is written: the file and line of
// its logical id (or Terraform address), and the lines of its properties, for SARIF and the reports.

export interface SourceSpot {
  /** The file, as given (relative to the working directory when it was given so). */
  file: string;
  line: number;
  /** The logical id (CloudFormation) or address (Terraform) the finding names. */
  logicalId: string;
  /** Property name (at any depth, first occurrence) → line. */
  properties: ReadonlyMap<string, number>;
}

/** Resource key (the keys of snapshot/locate.ts and the SARIF emitter) → where it is written. */
export type SourceSpots = Map<string, SourceSpot>;
