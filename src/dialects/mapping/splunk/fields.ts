/**
 * A Splunk event as named fields, each with one or more values (multivalue fields, digest §2.2): what
 * the Splunk mapping produces for a record and what the SPL pipeline works on.
 */

/** One value of a field: text as extracted, or a number computed by eval/stats. */
export type Scalar = string | number;

/** Fields by name (names are case-sensitive, digest §3.4); every list holds at least one value. */
export type Fields = Map<string, Scalar[]>;
