/** Reading and resetting the sandbox from tests. */
export interface SandboxRequest {
  method: string;
  path: string;
  status: number;
}

export interface SandboxStateView {
  lusha: {
    creditsUsed: number;
    creditsTotal: number;
    creditsByAction: { search: number; revealEmail: number; revealPhone: number };
    requests: SandboxRequest[];
  };
  saber: { creditsUsed: number; requests: SandboxRequest[] };
}

export function createSandboxClient(baseUrl: string) {
  return {
    baseUrl,
    async reset(): Promise<void> {
      const response = await fetch(`${baseUrl}/__sandbox/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`sandbox reset failed: ${response.status}`);
    },
    async state(): Promise<SandboxStateView> {
      return (await (await fetch(`${baseUrl}/__sandbox/state`)).json()) as SandboxStateView;
    },
    async requestsTo(path: string): Promise<number> {
      return (await this.state()).lusha.requests.filter((request) => request.path === path).length;
    },
  };
}

export interface FaultSpec {
  kind: 'latency' | 'status' | 'malformed-json' | 'truncated' | 'html' | 'drop' | 'corrupt';
  path: string;
  method?: string;
  ms?: number;
  text?: string;
  cut?: 'body' | 'connection';
  times?: number;
  phase?: 'before' | 'after';
  status?: number;
}

/** Injects a fault into the sandbox (see tests/sandbox/faults.ts). */
export async function addFault(baseUrl: string, fault: FaultSpec): Promise<void> {
  const response = await fetch(`${baseUrl}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (!response.ok) throw new Error(`sandbox fault refused: ${response.status} ${await response.text()}`);
}

export async function clearFaults(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/__sandbox/faults`, { method: 'DELETE' });
}

/** How many calls the active and past faults have affected so far. */
export async function faultsFired(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/__sandbox/faults`);
  return ((await response.json()) as { fired: unknown[] }).fired.length;
}
