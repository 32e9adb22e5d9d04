/**
 * Lists both sides keep of Lusha's enums (the client's, and the sandbox's own, kept apart on purpose so the stand-in
 * never agrees with the client by construction) checked against the published V3 OpenAPI. Skipped, with a notice,
 * when the spec is not beside the project.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPANY_SIGNAL_GROUPS } from '../../lib/messaging/insights';
import { signalTypesOf } from '../../lib/background/signals/signals';
import { LUSHA_BUYING_GROUP_PERSONAS, LUSHA_COMPANY_SIGNAL_TYPES, LUSHA_CONTACT_SIGNAL_TYPES } from '../../lib/providers/lusha';
import { COMPANY_SIGNAL_TYPES, CONTACT_SIGNAL_TYPES } from '../sandbox/lusha-signal-data';
import { loadOpenApi } from './openapi';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC_PATH = path.resolve(here, '../../../shared/specs/lusha-v3-openapi-apievangelist.yaml');
const specAvailable = existsSync(SPEC_PATH);
if (!specAvailable) console.warn(`[contract] Lusha V3 OpenAPI not found at ${SPEC_PATH}: the enum checks are skipped.`);

type Node = Record<string, unknown>;

function enumOf(schemas: Node, schema: string, property: string): string[] {
  const items = ((schemas[schema] as Node).properties as Node)[property] as Node;
  return (items.items as Node).enum as string[];
}

describe.skipIf(!specAvailable)('Lusha enums against the V3 OpenAPI', () => {
  const schemas = () => ((loadOpenApi(SPEC_PATH).doc.components as Node).schemas as Node);

  it('signal types: the client’s lists and the sandbox’s own are the spec’s, in its order', () => {
    const company = enumOf(schemas(), 'V3CompanySignalsRequest', 'signalTypes');
    const contact = enumOf(schemas(), 'V3ContactSignalsRequest', 'signalTypes');
    expect([...LUSHA_COMPANY_SIGNAL_TYPES]).toEqual(company);
    expect([...COMPANY_SIGNAL_TYPES]).toEqual(company);
    expect([...LUSHA_CONTACT_SIGNAL_TYPES]).toEqual(contact);
    expect([...CONTACT_SIGNAL_TYPES]).toEqual(contact);
  });

  it('every company signal type but allSignals is in exactly one of the panel’s groups', () => {
    const grouped = COMPANY_SIGNAL_GROUPS.flatMap((group) => signalTypesOf('company', group) ?? []);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual(enumOf(schemas(), 'V3CompanySignalsRequest', 'signalTypes').filter((type) => type !== 'allSignals').sort());
  });

  it('buying-group personas are the spec’s', () => {
    const request = schemas().V3BuyingGroupRequest as Node | undefined;
    if (!request) return;
    expect([...LUSHA_BUYING_GROUP_PERSONAS]).toEqual(((request.properties as Node).personas as Node & { items: Node }).items.enum);
  });
});
