import { useId } from 'react';
import { clampSetting, SETTING_BOUNDS, type NumericSetting, type SettingsPatch } from '@/lib/domain/settings';
import { useSettingSource } from '@/lib/ui/policy';
import { SettingSourceNote } from './organisation';

/** A number input for one setting, bounded as the background bounds it. */
export function SettingInput({ name, label, value, shown, onChange }: { name: NumericSetting; label: string; value: number; shown?: number; onChange(patch: SettingsPatch): void }) {
  const id = useId();
  const { min, max } = SETTING_BOUNDS[name];
  // A setting the organisation locked is shown with its value, marked, and cannot be changed here.
  const source = useSettingSource(name);
  const locked = source === 'locked';
  return (
    <label className="field" htmlFor={id}>
      <span className="setting-head">
        {label}
        <SettingSourceNote source={source} />
      </span>
      <input id={id} type="number" min={min} max={max} value={shown ?? value} disabled={locked} onChange={(event) => onChange({ [name]: clampSetting(name, Number(event.target.value)) })} />
    </label>
  );
}
