/**
 * The `splunk` field mapping: the fields a CloudTrail record of sourcetype `aws:cloudtrail` has at search
 * time: JSON auto-extraction (record-model.ts) then the Splunk Add-on for AWS aliases (addon.ts). The
 * SPL dialect applies the two steps itself, since its rule options switch the add-on off and add
 * metadata and props.conf fields (src/dialects/splunk/compile.ts).
 */
import type { JsonObject } from '../../../record/view.js';
import type { FieldMapping } from '../field-mapping.js';
import { ADDON_ALIASES, applyAddon } from './addon.js';
import { extractRecordFields } from './record-model.js';

/** Add-on fields copied from an extracted one, by name. */
const ALIAS_SOURCE: ReadonlyMap<string, string> = new Map(ADDON_ALIASES.map((a) => [a.field, a.from]));

/** Splunk's fields of a record as JSON: one value as itself, a multivalue field as an array. */
function splunkDocument(record: JsonObject): JsonObject {
  const fields = extractRecordFields(record, JSON.stringify(record));
  applyAddon(fields);
  const out: JsonObject = {};
  for (const [name, values] of fields) out[name] = values.length === 1 ? values[0]! : values;
  return out;
}

export const splunkMapping: FieldMapping = {
  id: 'splunk',
  describe: 'aws:cloudtrail events in Splunk: JSON auto-extraction plus the Splunk Add-on for AWS aliases',
  // An event given as a flat map field → value or list of values (src/dialects/splunk/fields-input.ts).
  input: 'fields',
  toDocument: splunkDocument,
  // Extracted fields are the record's values as text: only the add-on's copies are named here, since an
  // extracted field of a non-string value (`true`, a number) is not the record's JSON text.
  sourcePaths: (field) => {
    const from = ALIAS_SOURCE.get(field);
    return from === undefined ? undefined : [from];
  },
};
