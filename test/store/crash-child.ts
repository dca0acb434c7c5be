// Child of the crash test: writes users one transaction each and prints each name once its commit returned.
import { Device } from '../../src/device';

async function main(): Promise<void> {
  const device = new Device(process.argv[2]);
  const users = await device.users();
  process.stdout.write('ready\n');
  for (let i = 0; i < 500; i++) {
    const name = `crash${i}`;
    await users.create(name, { level: i % 4, serviceTypes: ['ssh'] });
    process.stdout.write(name + '\n');
  }
  await device.close();
}

void main();
