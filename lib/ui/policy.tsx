/**
 * The organisation's policy as the pages see it (never a key): loaded from the background once, again on every
 * `policyChanged` broadcast, and shared by context so any component can ask whether a feature is on or a setting is
 * locked. Without a provider (tests, a page before the answer) nothing is managed and every feature is on: the
 * background refuses what the policy forbids in any case.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { UNMANAGED_POLICY_VIEW, type Feature, type PolicySetting, type PolicyView } from '../domain/policy';
import { sendMessage } from '../messaging/client';
import { useBroadcasts } from './broadcasts';

const PolicyContext = createContext<PolicyView>(UNMANAGED_POLICY_VIEW);

export function PolicyProvider({ children }: { children: ReactNode }) {
  const [view, setView] = useState<PolicyView>(UNMANAGED_POLICY_VIEW);
  const load = useCallback(() => {
    void sendMessage('getPolicy', {}).then(setView, () => undefined);
  }, []);
  useEffect(load, [load]);
  useBroadcasts(useCallback((message) => message.event === 'policyChanged' && load(), [load]));
  return <PolicyContext.Provider value={view}>{children}</PolicyContext.Provider>;
}

export function usePolicy(): PolicyView {
  return useContext(PolicyContext);
}

export function useFeature(feature: Feature): boolean {
  return usePolicy().features[feature];
}

export type SettingSource = 'locked' | 'organisation-default' | 'own';

/** Who decides a setting: the organisation (locked), the organisation's starting value (the rep may change it), or the rep. */
export function useSettingSource(name: string): SettingSource {
  const policy = usePolicy();
  if (policy.locked.includes(name as PolicySetting)) return 'locked';
  if (policy.organisationDefaults.includes(name as PolicySetting)) return 'organisation-default';
  return 'own';
}

/** Renders its children only while the organisation leaves the feature on. */
export function FeatureGate({ feature, children }: { feature: Feature; children: ReactNode }) {
  return useFeature(feature) ? <>{children}</> : null;
}

/** The mark beside anything the organisation set. */
export function SetByOrganisation({ note }: { note?: string }) {
  return (
    <span className="chip org" data-testid="set-by-organisation">
      Set by your organisation{note ? ` · ${note}` : ''}
    </span>
  );
}
