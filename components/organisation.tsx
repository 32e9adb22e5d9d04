/**
 * What the organisation set through browser policy, as the pages show it: a banner in options (who set Sidecar up,
 * the machine's label, features off, policy values Sidecar ignored), the mark beside each setting it decides, and the
 * note in the popup. Keys are never shown: only that the organisation set one.
 */
import { FEATURE_LABEL, FEATURES } from '@/lib/domain/policy';
import { SetByOrganisation, usePolicy, type SettingSource } from '@/lib/ui/policy';

/** Beside a setting: nothing when it is the rep's own. */
export function SettingSourceNote({ source }: { source: SettingSource }) {
  if (source === 'locked') return <SetByOrganisation />;
  if (source === 'organisation-default') {
    return (
      <span className="chip" data-testid="organisation-default">
        Your organisation’s default · yours to change
      </span>
    );
  }
  return null;
}

/** Features the organisation turned off, in words. */
function featuresOff(features: Record<(typeof FEATURES)[number], boolean>): string[] {
  return FEATURES.filter((feature) => !features[feature]).map((feature) => FEATURE_LABEL[feature]);
}

/** The top of options when a policy is in force. */
export function OrganisationBanner() {
  const policy = usePolicy();
  if (!policy.managed) return null;
  const off = featuresOff(policy.features);
  return (
    <section className="card org-banner" aria-label="Set by your organisation" data-testid="organisation-banner">
      <div className="row spread" style={{ flexWrap: 'wrap' }}>
        <h2>Set up by your organisation</h2>
        {policy.machineLabel && <span className="chip">This machine: {policy.machineLabel}</span>}
      </div>
      <p className="muted small">
        Your admin manages some of Sidecar’s settings through browser policy. What they set is marked “Set by your organisation” and cannot be changed here;
        {policy.keys.lusha || policy.keys.saber ? ' their keys are used for you and never shown.' : ' everything else is yours.'}
      </p>
      {off.length > 0 && <p className="small">Turned off for you: {off.join(', ')}.</p>}
      {policy.invalid.length > 0 && (
        <p className="small" data-testid="policy-invalid">
          Ignored, because the value could not be used: {policy.invalid.join(', ')}. Tell your admin.
        </p>
      )}
    </section>
  );
}

/** A line in the popup when a policy is in force. */
export function OrganisationNote() {
  const policy = usePolicy();
  if (!policy.managed) return null;
  const off = featuresOff(policy.features);
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="organisation-note">
      <div>
        <SetByOrganisation note={policy.machineLabel} />
      </div>
      {off.length > 0 && <p className="muted small">Turned off for you: {off.join(', ')}.</p>}
    </div>
  );
}
