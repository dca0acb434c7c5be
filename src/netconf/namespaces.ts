// NETCONF base and the Comware vendor namespaces (comware-aaa-files.md §6.4): every vendor spelling
// is accepted and the reply uses the one the request used.
export const BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const BASE_10 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_11 = 'urn:ietf:params:netconf:base:1.1';

export type Vendor = 'hp' | 'hpe' | 'h3c';
export const VENDORS: readonly Vendor[] = ['hp', 'hpe', 'h3c'];
export type Space = 'data' | 'config' | 'action' | 'base';

export function vendorNs(vendor: Vendor, space: Space): string {
  return `http://www.${vendor}.com/netconf/${space}:1.0`;
}

/** The vendor and space of a namespace URI, if it is one of ours. */
export function parseVendorNs(uri: string): { vendor: Vendor; space: Space } | undefined {
  for (const vendor of VENDORS) {
    for (const space of ['data', 'config', 'action', 'base'] as const) {
      if (uri === vendorNs(vendor, space)) return { vendor, space };
    }
  }
  return undefined;
}

export function vendorUris(space: Space): string[] {
  return VENDORS.map((v) => vendorNs(v, space));
}

export const CAPABILITIES = [
  BASE_10,
  BASE_11,
  'urn:ietf:params:netconf:capability:writable-running:1.0',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  'urn:ietf:params:netconf:capability:validate:1.1',
  'urn:hp:params:netconf:capability:hp-netconf-ext:1.0',
  'urn:hpe:params:netconf:capability:hpe-netconf-ext:1.0',
  'urn:hpe:params:netconf:capability:h3c-netconf-ext:1.0',
];
