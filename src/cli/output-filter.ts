// `| begin/include/exclude REGEX` after a display command (§11): which of its lines reach the pager.
import type { OutputFilter } from './matcher';
import type { Pager } from './pager';

/** Handler output on its way to the pager, through the line's filter. */
export function filteredSink(pager: Pager, filter: OutputFilter | undefined): (line: string) => void {
  if (!filter) return (l) => pager.push(l);
  let begun = false;
  return (l) => {
    const hit = filter.regex.test(l);
    if (filter.kind === 'include' ? hit : filter.kind === 'exclude' ? !hit : (begun ||= hit)) pager.push(l);
  };
}
