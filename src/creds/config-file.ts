// The AWS config file as text: its sections, and crossrole's marked blocks in it. A block holds
// the profiles of one spec; everything outside the blocks is the user's and is never changed.
import { CredentialsError } from './errors.js';

export interface Section {
  /** `default`, the profile name of `[profile NAME]`, or the header text of other sections. */
  name: string;
  kind: 'profile' | 'other';
  /** 1-based line of the header in the file. */
  line: number;
  /** The header and every line up to the next header, trailing blank lines dropped. */
  lines: string[];
}

export interface ManagedBlock {
  spec: string;
  /** 0-based indexes of the BEGIN and END lines. */
  begin: number;
  end: number;
  sections: Section[];
}

export const blockBegin = (spec: string) => `# BEGIN crossrole ${spec} (managed: do not edit; crossrole profiles rewrites it)`;
export const blockEnd = (spec: string) => `# END crossrole ${spec}`;
const BEGIN = /^# BEGIN crossrole (\S+)/;
const END = /^# END crossrole (\S+)\s*$/;
const HEADER = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Sections of `lines` (0-based `offset` into the file); lines before the first header are skipped. */
export function parseSections(lines: string[], offset = 0): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  lines.forEach((text, i) => {
    const header = HEADER.exec(text);
    if (header) {
      const inner = header[1]!.trim();
      const profile = /^profile\s+(.+)$/.exec(inner);
      current = { name: profile ? profile[1]!.trim() : inner, kind: profile || inner === 'default' ? 'profile' : 'other', line: offset + i + 1, lines: [text] };
      sections.push(current);
    } else current?.lines.push(text);
  });
  for (const s of sections) while (s.lines.length > 1 && s.lines[s.lines.length - 1]!.trim() === '') s.lines.pop();
  return sections;
}

/** `key = value` settings of a section (comments and nested sub-settings skipped). */
export function sectionValues(section: Section): Map<string, string> {
  const values = new Map<string, string>();
  for (const text of section.lines.slice(1)) {
    if (/^\s/.test(text) || /^[#;]/.test(text)) continue;
    const match = /^([^=]+?)\s*=\s*(.*)$/.exec(text);
    if (match) values.set(match[1]!, match[2]!.trim());
  }
  return values;
}

/** crossrole's blocks; a BEGIN without its END (or the reverse) is refused rather than guessed at. */
export function findBlocks(lines: string[], file: string): ManagedBlock[] {
  const blocks: ManagedBlock[] = [];
  let open: { spec: string; begin: number } | undefined;
  lines.forEach((text, i) => {
    const begin = BEGIN.exec(text);
    const end = END.exec(text);
    if (begin) {
      if (open) throw malformed(file, i, `a second "# BEGIN crossrole" before "# END crossrole ${open.spec}" (opened on line ${open.begin + 1})`);
      if (blocks.some((b) => b.spec === begin[1])) throw malformed(file, i, `a second block for spec ${begin[1]}`);
      open = { spec: begin[1]!, begin: i };
    } else if (end) {
      if (!open || open.spec !== end[1]) throw malformed(file, i, `"# END crossrole ${end[1]}" without its BEGIN line`);
      blocks.push({ spec: open.spec, begin: open.begin, end: i, sections: parseSections(lines.slice(open.begin + 1, i), open.begin + 1) });
      open = undefined;
    }
  });
  if (open) throw malformed(file, open.begin, `"# BEGIN crossrole ${open.spec}" has no "# END crossrole ${open.spec}" line`);
  return blocks;
}

function malformed(file: string, index: number, what: string): CredentialsError {
  return new CredentialsError('InvalidArguments', `${file}:${index + 1}: ${what}; fix the markers by hand (crossrole never guesses where its block ends)`, 2);
}

/** Every profile section of the file, with the spec of the block holding it (undefined: the user's own). */
export function allProfiles(lines: string[], file: string): { section: Section; spec?: string }[] {
  const blocks = findBlocks(lines, file);
  const inside = new Set<number>();
  const found: { section: Section; spec?: string }[] = [];
  for (const block of blocks) {
    for (let i = block.begin; i <= block.end; i++) inside.add(i);
    for (const section of block.sections) if (section.kind === 'profile') found.push({ section, spec: block.spec });
  }
  // Outside the blocks: parse the remaining runs of lines on their own, so a block never swallows a user section.
  let run: { start: number; lines: string[] } | undefined;
  const flush = () => {
    if (run) for (const section of parseSections(run.lines, run.start)) if (section.kind === 'profile') found.push({ section });
    run = undefined;
  };
  lines.forEach((text, i) => {
    if (inside.has(i)) return flush();
    run ??= { start: i, lines: [] };
    run.lines.push(text);
  });
  flush();
  return found;
}
