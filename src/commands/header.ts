// `header {login|motd|shell} TEXT` (§12): the first character of TEXT is the delimiter and the banner
// runs to its next occurrence, across lines when needed; no TEXT (or TEXT that is only the delimiter)
// asks for the lines with `%` (or that character) as delimiter.
import { CommandError } from '../cli';
import type { Lines } from '../config';
import type { Ctx } from './services';

type HeaderType = 'login' | 'motd' | 'shell';

/** The longest banner we keep: it travels in every pre-auth SSH packet and every login. */
const MAX_BANNER = 2000;

async function readUntil(ctx: Ctx, delim: string, lines: string[]): Promise<string> {
  for (;;) {
    const line = await ctx.io.ask('');
    const i = line.indexOf(delim);
    if (i >= 0) {
      lines.push(line.slice(0, i));
      return lines.join('\n');
    }
    lines.push(line);
    if (lines.join('\n').length > MAX_BANNER) throw new CommandError(`% The banner is longer than ${MAX_BANNER} characters.`);
  }
}

export async function bannerFromInput(ctx: Ctx, text: string | undefined): Promise<string> {
  const raw = text ?? '';
  const delim = raw === '' ? '%' : raw[0];
  const rest = raw.slice(1);
  if (rest === '') {
    ctx.io.print(`Please input banner content, and quit with the character '${delim}'.`);
    return readUntil(ctx, delim, []);
  }
  const end = rest.indexOf(delim);
  if (end >= 0) return rest.slice(0, end);
  return readUntil(ctx, delim, [rest]);
}

export async function header(ctx: Ctx): Promise<void> {
  const type: HeaderType = ctx.keywords.has('login') ? 'login' : ctx.keywords.has('motd') ? 'motd' : 'shell';
  const banner = ctx.undo ? '' : await bannerFromInput(ctx, ctx.args.text === undefined ? undefined : String(ctx.args.text));
  if (banner.length > MAX_BANNER) throw new CommandError(`% The banner is longer than ${MAX_BANNER} characters.`);
  // Banners reach terminals before login: no control characters.
  await (await ctx.services.device.settings()).set(`header.${type}`, banner.replace(/[\x00-\x09\x0b-\x1f\x7f]/g, ''));
}

/** The delimiter a banner is written with: `%` unless the text contains it. */
function bannerDelimiter(text: string): string {
  return ['%', '#', '$', '&', '*', '!', '^', '~', '@'].find((d) => !text.includes(d)) ?? '%';
}

/** A multi-line banner spans lines, the delimiter before its first and after its last. */
export const headerLines: Lines<void> = (_, { settings: s }) =>
  (['login', 'motd', 'shell'] as const).flatMap((type) => {
    const text = s[`header.${type}`];
    if (!text) return [];
    const d = bannerDelimiter(text);
    const [first, ...rest] = text.split('\n');
    return [` header ${type} ${d}${first}${rest.length ? '' : d}`, ...rest.map((l, i) => (i === rest.length - 1 ? l + d : l))];
  });
