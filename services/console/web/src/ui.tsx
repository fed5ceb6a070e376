/** Form and table blocks the views share, so each view says only what differs (labels, test ids, values). */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';

/** A table's header row; an empty label leaves a blank column (e.g. for buttons). */
export function Head({ cols }: { cols: ComponentChildren[] }) {
  return (
    <thead>
      <tr>
        {cols.map((c, i) => (
          <th key={i}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}

/** A form that runs `onSubmit` instead of navigating. */
export function Form({
  onSubmit,
  class: cls = 'filters',
  children,
}: {
  onSubmit: () => unknown;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <form
      class={cls}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** A labelled text input. */
export function TextField({
  label,
  testid,
  value,
  onChange,
}: {
  label: string;
  testid: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <input
        data-testid={testid}
        value={value}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
    </label>
  );
}

/** A drop-down of `values`; `first` is an extra option before them (e.g. "all" as ''). */
export function Select({
  testid,
  value,
  values,
  onChange,
  first,
}: {
  testid: string;
  value: string;
  values: readonly string[];
  onChange: (value: string) => void;
  first?: { value: string; label: string };
}) {
  return (
    <select
      data-testid={testid}
      value={value}
      onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
    >
      {first && <option value={first.value}>{first.label}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

/** A labelled drop-down. */
export function SelectField({ label, ...select }: { label: string } & Parameters<typeof Select>[0]) {
  return (
    <label>
      {label} <Select {...select} />
    </label>
  );
}

/** One checkbox per option; `chosen` holds the checked ones. */
export function Checkboxes({
  options,
  chosen,
  onChange,
  testid,
}: {
  options: readonly string[];
  chosen: string[];
  onChange: (update: (chosen: string[]) => string[]) => void;
  testid?: (option: string) => string;
}) {
  return (
    <>
      {options.map((o) => (
        <label key={o}>
          <input
            type="checkbox"
            data-testid={testid?.(o)}
            checked={chosen.includes(o)}
            onChange={(e) =>
              onChange((xs) =>
                (e.target as HTMLInputElement).checked ? [...xs, o] : xs.filter((x) => x !== o),
              )
            }
          />{' '}
          {o}
        </label>
      ))}
    </>
  );
}

/** A headline figure over its caption. */
export function Stat({
  value,
  testid,
  children,
}: {
  value: ComponentChildren;
  testid?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="stat" data-testid={testid}>
      <div class="big">{value}</div>
      {children}
    </div>
  );
}

/** The scope drop-down of the trend and driver views; the current scope is offered even when not listed. */
export function ScopeField({
  testid,
  scope,
  scopes,
  onChange,
}: {
  testid: string;
  scope: string;
  scopes: string[];
  onChange: (scope: string) => void;
}) {
  const values = scopes.includes(scope) ? scopes : [...scopes, scope];
  return <SelectField label={t('scope')} testid={testid} value={scope} values={values} onChange={onChange} />;
}
