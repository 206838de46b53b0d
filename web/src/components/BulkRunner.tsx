// BulkRunner does long work one row at a time, as the CLI does: a
// progress bar while it runs and, after, a table with each row's answer
// (applied, duplicate — the server had already done it — or the error
// message). Each row's request carries its own Idempotency-Key, kept
// across a retry of the same run, so running it again applies nothing twice.
import { useCallback, useRef, useState } from 'react';
import { Modal, Progress, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, newKey } from '../api/client';

export type RowOutcome = 'applied' | 'duplicate' | 'error';

export interface RowResult {
  key: string;
  label: string;
  outcome: RowOutcome;
  message?: string;
}

export interface BulkRow {
  key: string;
  label: string;
}

/**
 * run does one row; it returns 'duplicate' when the server says it was done
 * before, and may add a message (what the row did, or why it was refused).
 */
export type RowRunner = (row: BulkRow, idempotencyKey: string) => Promise<RowOutcome | { outcome: RowOutcome; message?: string }>;

export function useBulk() {
  // whole: one request does every row (a range replay), so there is no
  // per-row progress to show while it runs, only that it runs.
  const [state, setState] = useState<{ title: string; total: number; done: RowResult[]; running: boolean; whole?: boolean } | null>(null);
  const keys = useRef(new Map<string, string>());

  const start = useCallback(async (title: string, rows: BulkRow[], run: RowRunner, concurrency = 4) => {
    setState({ title, total: rows.length, done: [], running: true });
    const results: RowResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        const idem = keys.current.get(title + '|' + row.key) ?? newKey();
        keys.current.set(title + '|' + row.key, idem);
        let r: RowResult;
        try {
          const got = await run(row, idem);
          r = typeof got === 'string' ? { key: row.key, label: row.label, outcome: got } : { key: row.key, label: row.label, ...got };
        } catch (e) {
          r = { key: row.key, label: row.label, outcome: 'error', message: e instanceof ApiError ? e.message : String(e) };
        }
        results.push(r);
        setState((s) => s && { ...s, done: [...results] });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
    setState((s) => s && { ...s, running: false });
    return results;
  }, []);

  /** report shows one request that does many rows: a spinner while it runs, then each row's result from its answer. */
  const report = useCallback(async (title: string, work: () => Promise<RowResult[]>) => {
    setState({ title, total: 0, done: [], running: true, whole: true });
    try {
      const done = await work();
      setState({ title, total: done.length, done, running: false, whole: true });
    } catch (e) {
      const message = e instanceof ApiError ? e.message : String(e);
      setState({ title, total: 1, done: [{ key: 'all', label: title, outcome: 'error', message }], running: false, whole: true });
    }
  }, []);

  const close = useCallback(() => setState(null), []);
  return { state, start, report, close };
}

const colors: Record<RowOutcome, string> = { applied: 'green', duplicate: 'blue', error: 'red' };

export function BulkProgress({ bulk }: { bulk: ReturnType<typeof useBulk> }) {
  const { t } = useTranslation();
  const s = bulk.state;
  if (!s) return null;
  const pct = s.total === 0 ? 100 : Math.round((s.done.length * 100) / s.total);
  const failed = s.done.filter((r) => r.outcome === 'error').length;
  return (
    <Modal
      open
      title={s.title}
      onCancel={s.running ? undefined : bulk.close}
      onOk={bulk.close}
      okButtonProps={{ disabled: s.running }}
      cancelButtonProps={{ style: { display: 'none' } }}
      closable={!s.running}
      maskClosable={false}
      width={720}
    >
      {s.whole && s.running ? (
        <Spin data-testid="bulk-progress" />
      ) : (
        <Progress percent={pct} status={s.running ? 'active' : failed ? 'exception' : 'success'} data-testid="bulk-progress" />
      )}
      <Typography.Paragraph>
        {t('bulk.summary', { done: s.done.length, total: s.total, failed })}
      </Typography.Paragraph>
      <Table<RowResult>
        size="small"
        rowKey="key"
        dataSource={s.done}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="bulk-results"
        columns={[
          { title: t('bulk.row'), dataIndex: 'label' },
          {
            title: t('bulk.outcome'),
            dataIndex: 'outcome',
            render: (o: RowOutcome) => <Tag color={colors[o]}>{t(`bulk.${o}`)}</Tag>,
          },
          { title: t('bulk.message'), dataIndex: 'message' },
        ]}
      />
    </Modal>
  );
}
