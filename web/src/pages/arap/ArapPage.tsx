// 应收应付: one legal entity's receivables and payables aging as of a day,
// each with its tie to the ledger's control accounts, and its weekly
// cash-flow forecast. The entity is in the URL (?entity=, its code; the
// first entity when absent), as on the finance page. Every figure totals
// all shops, so users limited to some shops are refused by the API; the
// page says so instead of showing errors.
import { Card, DatePicker, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useEntities } from '../../api/finance';
import { useGet } from '../../api/hooks';
import EntitySelect from '../../components/EntitySelect';
import { formatMoney } from '../../lib/money';
import { today } from '../../lib/time';
import CashflowView from './CashflowView';
import Refused from './Refused';
import { agingTotals, buckets, tieHolds, type AgingRow, type Tie } from './arap';

export default function ArapPage() {
  const { t } = useTranslation('arap');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'ar';
  const asOf = params.get('as_of') ?? today();
  const weeks = Number(params.get('weeks')) || 8;
  const entities = useEntities();
  const entity = params.get('entity') ?? entities[0]?.code ?? '';
  const set = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('entity')}</Typography.Text>
          <EntitySelect entities={entities} value={entity} onChange={(v) => set({ entity: v })} testId="arap-entity" />
          <Typography.Text type="secondary">{t('asOf')}</Typography.Text>
          <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && set({ as_of: d.format('YYYY-MM-DD') })} data-testid="arap-as-of" />
          {tab === 'cash' && (
            <Select
              style={{ width: 120 }}
              value={weeks}
              onChange={(w) => set({ weeks: String(w) })}
              options={[4, 8, 13, 26].map((w) => ({ value: w, label: t('cash.weeks', { count: w }) }))}
              data-testid="cash-weeks"
            />
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'ar' ? null : k })}
        items={[
          { key: 'ar', label: t('tab.ar'), children: entity && <Aging side="ar" entity={entity} asOf={asOf} /> },
          { key: 'ap', label: t('tab.ap'), children: entity && <Aging side="ap" entity={entity} asOf={asOf} /> },
          { key: 'cash', label: t('tab.cash'), children: entity && <CashflowView entity={entity} asOf={asOf} weeks={weeks} /> },
        ]}
      />
    </Card>
  );
}

function Aging({ side, entity, asOf }: { side: 'ar' | 'ap'; entity: string; asOf: string }) {
  const { t, i18n } = useTranslation('arap');
  const got = useGet<{ entity: number; as_of: string; rows: AgingRow[]; ties?: Tie[] }>(`/api/v1/${side}/aging`, { entity, as_of: asOf });
  if (got.error) return <Refused error={got.error} />;
  const rows = got.data?.rows ?? [];
  const m = (a: string | undefined, cur: string) => formatMoney(a, cur, i18n.language);
  return (
    <>
      <Table<AgingRow>
        size="small"
        rowKey={(r) => `${r.type}|${r.party}|${r.currency}`}
        loading={got.loading}
        dataSource={rows}
        pagination={false}
        data-testid={`aging-${side}`}
        columns={[
          { title: t('col.type'), dataIndex: 'type', render: (v: string) => <Tag>{t(`type.${v}`)}</Tag> },
          { title: t('col.party'), dataIndex: 'party' },
          ...buckets.map((b) => ({
            title: t(`bucket.${b}`),
            key: b,
            align: 'right' as const,
            render: (_: unknown, r: AgingRow) => m(r.buckets[b], r.currency),
          })),
          { title: t('col.total'), key: 'total', align: 'right', render: (_: unknown, r) => <b>{m(r.total.amount, r.currency)}</b> },
          { title: t('col.items'), dataIndex: 'items', align: 'right' },
        ]}
        summary={() =>
          agingTotals(rows).map((tot) => (
            <Table.Summary.Row key={tot.currency} data-testid="aging-total">
              <Table.Summary.Cell index={0} colSpan={2}>
                <b>{t('total', { currency: tot.currency })}</b>
              </Table.Summary.Cell>
              {buckets.map((b, i) => (
                <Table.Summary.Cell key={b} index={2 + i} align="right">
                  {m(tot.buckets[b], tot.currency)}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={7} align="right">
                <b>{m(tot.total, tot.currency)}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={8} align="right">{tot.items}</Table.Summary.Cell>
            </Table.Summary.Row>
          ))
        }
      />
      {got.data?.ties && (
        <div data-testid={`ties-${side}`} style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('tie.title')}</Typography.Title>
          {got.data.ties.length === 0 && <Typography.Text type="secondary">{t('tie.none')}</Typography.Text>}
          {got.data.ties.map((x) => (
            <div key={x.account + x.currency}>
              <Tag color={tieHolds(x) ? 'green' : 'red'}>{tieHolds(x) ? t('tie.holds') : t('tie.off')}</Tag>
              {t('tie.line', {
                account: x.account,
                type: t(`type.${x.type}`),
                sub: m(x.sub_ledger, x.currency),
                control: m(x.control, x.currency),
                difference: m(x.difference, x.currency),
              })}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
