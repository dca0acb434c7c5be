// Sessions follow their user's account (issue 17 item 5): when a CLI process (or the offline tool)
// says a local user changed, the daemon reads the account again and applies it to that user's live
// sessions at once: a deleted or blocked user, or one without the SSH service, is logged out with a
// notice; a new level is pushed to the session. Each action is logged (and so kept in the log buffer).
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import type { UserInterfaces } from './user-interfaces';

const AUDIT = { module: 'SHELL', digest: 'ACCOUNT_CHANGED' } as const;

/** `user` changed, by whom (`admin(vty0)`); returns the number of live sessions it touched. */
export async function applyAccount(device: Device, uis: UserInterfaces, log: Logger, user: string, by: string): Promise<number> {
  const sessions = uis.all().filter((s) => s.user === user && s.type === 'SSH');
  if (sessions.length === 0) return 0;
  const account = await (await device.users()).get(user);
  const why = !account ? 'deleted' : account.state === 'block' ? 'blocked' : !account.serviceTypes.includes('ssh') ? 'ssh-removed' : undefined;
  let touched = 0;
  for (const s of sessions) {
    if (why) {
      const what = why === 'deleted' ? 'deleted' : why === 'blocked' ? 'blocked' : 'denied the SSH service';
      log.info(`session ended: account ${what}`, { ...AUDIT, ui: s.ui, user, by });
      s.end(`account ${what} by ${by}`, `% The user account ${user} was ${what} by ${by}. The session is closed.`);
      touched++;
    } else if (account!.level !== s.level) {
      log.info('session level changed with the account', { ...AUDIT, ui: s.ui, user, from: s.level, to: account!.level, by });
      s.level = account!.level;
      s.push({ op: 'level', level: account!.level, text: `% The privilege level of user ${user} was changed to ${account!.level} by ${by}.` });
      touched++;
    }
  }
  return touched;
}
