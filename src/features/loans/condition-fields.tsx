import { ACCESSORIES, CONDITIONS, type Accessory, type Condition } from '../../domain/loans';
import { CheckboxGroup, RadioGroup } from '../../ui/choice-group';

export interface ConditionFieldsProps {
  itemId: string;
  etatLegend: string;
  accessoiresLegend: string;
  etat: Condition | undefined;
  accessoires: Accessory[];
  onChange: (change: { etat?: Condition; accessoires?: Accessory[] }) => void;
}

/** État and accessoires of one item, as handed over (loan form) or brought back (return form). */
export const ConditionFields = ({
  itemId,
  etatLegend,
  accessoiresLegend,
  etat,
  accessoires,
  onChange,
}: ConditionFieldsProps) => (
  <>
    <RadioGroup
      name={`etat-${itemId}`}
      legend={etatLegend}
      choices={CONDITIONS}
      value={etat}
      onChange={(v) => onChange({ etat: v })}
    />
    <CheckboxGroup
      name={`acc-${itemId}`}
      legend={accessoiresLegend}
      choices={ACCESSORIES}
      value={accessoires}
      onChange={(v) => onChange({ accessoires: v })}
    />
  </>
);
