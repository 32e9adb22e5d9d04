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
