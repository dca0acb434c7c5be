// The device as an SSH client (comware-aaa-files.md §5): `ssh2 HOST` relays a shell on the remote
// server over this session's terminal; `ssh client …` decides which servers it trusts.
import { CommandError } from '../cli';
import type { Lines } from '../config';
import { parseAssignments } from '../device/ssh-client';
import { connector, outgoingFailure, prepare } from './outgoing';
import type { Ctx } from './services';

export async function ssh2(ctx: Ctx): Promise<void> {
  if (!ctx.session.interactive) throw new CommandError('% ssh2 needs a terminal: run it in an interactive session.');
  const client = connector(ctx);
  const outgoing = await prepare(ctx, 'ssh2');
  try {
    await client.shell(outgoing.target, () => ctx.io.terminal());
  } catch (err) {
    await outgoing.finish(err);
    outgoingFailure(ctx, err);
  }
  await outgoing.finish();
  ctx.io.print(`Connection to ${outgoing.target.host} closed.`);
}

export async function sshClientFirstTime(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.sshClientServers()).setFirstTime(!ctx.undo);
}

export const sshClientFirstTimeLines: Lines<void> = (_, { settings: s }) => (s['ssh.client.first-time'] ? [] : [' undo ssh client first-time']);

export async function sshClientAuthServer(ctx: Ctx): Promise<void> {
  const servers = await ctx.services.device.sshClientServers();
  const server = String(ctx.args.server);
  if (ctx.undo) {
    if (!(await servers.unassign(server))) throw new CommandError(`% No public key is assigned to server ${server}.`);
    return;
  }
  await servers.assign(server, String(ctx.args.key));
}

export const sshClientAuthServerLines: Lines<void> = (_, { settings: s }) =>
  parseAssignments(s['ssh.client.servers']).map((a) => ` ssh client authentication server ${a.server} assign publickey ${a.keyName}`);

/** Columns as comware-cli.md §8 names them (widths unconfirmed). */
export async function displaySshServerInfo(ctx: Ctx): Promise<void> {
  const all = await (await ctx.services.device.sshClientServers()).assignments();
  const row = (a: string, b: string) => ` ${a.padEnd(32)}${b}`;
  ctx.io.print([row('Server Name(IP)', 'Server public key name'), ' ' + '_'.repeat(54), ...all.map((a) => row(a.server, a.keyName))].join('\n'));
}
