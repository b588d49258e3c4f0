/**
 * Finds the line of a rule file a failed check should point at (SARIF results, terminal hints):
 * - a Sigma rule: its top-level `detection:` key, else its `title:`, in the YAML document whose title
 *   is the detection's (a file may hold several documents);
 * - a one-pattern file (`.pattern`, `.cwl`): line 1, where the pattern is;
 * - any other rule file (metric-filter JSON, CloudFormation, Terraform): the first line naming the
 *   detection's title (its filter name), else line 1.
 * Line scanning is enough here: the dialects already parsed the file, this only places a marker.
 */

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** 1-based line in `text` that best locates the detection titled `title` of `dialect`. */
export function ruleLine(text: string, path: string, dialect: string, title: string): number {
  const lines = text.split(/\r?\n/);
  if (/\.(pattern|cwl)$/i.test(path)) return 1;
  if (dialect === 'sigma') {
    // Documents: [first line index, last line index).
    const docs: [number, number][] = [];
    let start = 0;
    lines.forEach((line, i) => {
      if (/^---\s*$/.test(line)) {
        if (i > start) docs.push([start, i]);
        start = i + 1;
      }
    });
    docs.push([start, lines.length]);
    const titleLine = (from: number, to: number): number | null => {
      for (let i = from; i < to; i++) {
        const m = /^title:(.*)$/.exec(lines[i]!);
        if (m !== null) return i;
      }
      return null;
    };
    const doc =
      docs.find(([from, to]) => {
        const t = titleLine(from, to);
        return t !== null && unquote(lines[t]!.slice('title:'.length)) === title;
      }) ?? (docs.length === 1 ? docs[0] : undefined);
    if (doc !== undefined) {
      for (let i = doc[0]; i < doc[1]; i++) if (/^detection:\s*(#.*)?$/.test(lines[i]!)) return i + 1;
      const t = titleLine(doc[0], doc[1]);
      if (t !== null) return t + 1;
    }
    return 1;
  }
  if (title !== '') {
    const at = lines.findIndex((l) => l.includes(title));
    if (at !== -1) return at + 1;
  }
  return 1;
}
