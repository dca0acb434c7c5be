// Prompt templates: `%var%` → its value; `%-var%` → `-value`, or nothing when unset (so
// `[%sysname%-ui-%kind%%first%%-last%]` covers `vty0-4` and `vty1`).
export function renderPrompt(template: string, lookup: (name: string) => string | undefined): string {
  return template.replace(/%(-?)([A-Za-z_][A-Za-z0-9_]*)%/g, (_m, dash: string, name: string) => {
    const v = lookup(name);
    if (dash) return v ? `-${v}` : '';
    return v ?? '';
  });
}
