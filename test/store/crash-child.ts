// Child of the crash test: writes users one transaction each and prints each name once its commit returned.
import { Device } from '../../src/device';
import { LocalUsers } from '../../src/store/local-users';
import { openStore } from './fixtures';

async function main(): Promise<void> {
  const store = await openStore(new Device(process.argv[2]));
  const users = new LocalUsers(store);
  process.stdout.write('ready\n');
  for (let i = 0; i < 500; i++) {
    const name = `crash${i}`;
    await users.create(name, { level: i % 4, serviceTypes: ['ssh'] });
    process.stdout.write(name + '\n');
  }
  await store.close();
}

void main();
