// 财务: the books of one legal entity — the trial balance, the journal with
// filters, and an account's postings (drill-down) — every amount in its
// own currency; a journal entry's id opens it in the entry drawer (?entry=).
import { Card, Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Account, Entity, Items } from '../../api/hub';
import { useLoad } from '../../lib/useLoad';
import TrialBalanceTab from './TrialBalanceTab';
import JournalTab from './JournalTab';
import AccountTab from './AccountTab';
import EntryDrawer from './EntryDrawer';

export default function FinancePage() {
  const { t } = useTranslation('finance');
  const [params, setParams] = useSearchParams();
  const entities = useLoad(() => api.get<Items<Entity>>('/api/v1/entities').then((r) => r.items), []);
  const accounts = useLoad(() => api.get<Items<Account>>('/api/v1/ledger/accounts').then((r) => r.items), []);
  const entity = params.get('entity') ?? entities.data?.[0]?.code ?? '';
  // view=entries is how other pages link to the journal (web/README.md, links between pages).
  const tab = params.get('tab') ?? (params.get('view') === 'entries' ? 'journal' : 'trial');
  const set = (changes: Record<string, string | undefined>) => {
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
          <Select
            style={{ width: 260 }}
            value={entity || undefined}
            loading={entities.loading}
            onChange={(v) => set({ entity: v })}
            options={(entities.data ?? []).map((e) => ({ value: e.code, label: `${e.name} · ${e.base_currency}` }))}
            data-testid="finance-entity"
          />
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'trial' ? undefined : k, view: undefined })}
        items={[
          {
            key: 'trial',
            label: t('tab.trial'),
            children: entity && <TrialBalanceTab entity={entity} onAccount={(code) => set({ tab: 'account', account: code })} />,
          },
          { key: 'journal', label: t('tab.journal'), children: entity && <JournalTab entity={entity} accounts={accounts.data ?? []} params={params} /> },
          {
            key: 'account',
            label: t('tab.account'),
            children: entity && (
              <AccountTab
                entity={entity}
                accounts={accounts.data ?? []}
                params={params}
                set={set}
              />
            ),
          },
        ]}
      />
      <EntryDrawer />
    </Card>
  );
}

// accountName lives in journal.ts (pure, unit-tested); the tabs import it from here.
export { accountName } from './journal';
