// EntitySelect picks the legal entity a finance page works on; the first
// entity until one is chosen.
import { Select } from 'antd';
import type { EntityRef } from '../api/finance';

export default function EntitySelect({
  entities,
  value,
  onChange,
  testId = 'entity-select',
}: {
  entities: EntityRef[];
  value: string;
  onChange: (code: string) => void;
  testId?: string;
}) {
  return (
    <Select
      style={{ width: 240 }}
      value={value || undefined}
      onChange={onChange}
      options={entities.map((e) => ({ value: e.code, label: `${e.name} · ${e.base_currency}` }))}
      data-testid={testId}
    />
  );
}
