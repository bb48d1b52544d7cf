import { useState, type FormEvent } from 'react';

import { Field } from '../../ui/field';
import { strings } from './strings';

export const StructureNameForm = ({
  name,
  onSave,
}: {
  name: string;
  onSave: (name: string) => Promise<void>;
}) => {
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onSave(value);
    setSaved(true);
  };
  return (
    <form className="stats-structure no-print" onSubmit={(e) => void submit(e)}>
      <Field label={strings.structure.label} hint={strings.structure.hint}>
        {(p) => (
          <input
            {...p}
            value={value}
            placeholder={strings.structure.placeholder}
            autoComplete="organization"
            onChange={(e) => {
              setValue(e.target.value);
              setSaved(false);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button--secondary">
          {strings.structure.save}
        </button>
        <span role="status" className="muted">
          {saved ? strings.structure.saved : ''}
        </span>
      </div>
    </form>
  );
};
