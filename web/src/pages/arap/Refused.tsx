// The API refuses shop-limited users every receivables, payables and
// forecast read (they total all shops): a sentence instead of an error.
import { Alert, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';

/** Refused shows the API's refusal of a shop-limited user (403) as a sentence, any other error as it came. */
export default function Refused({ error }: { error: unknown }) {
  const { t } = useTranslation('arap');
  if (error instanceof ApiError && error.status === 403) {
    return <Result status="403" title={t('scoped.title')} subTitle={t('scoped.body')} data-testid="arap-scoped" />;
  }
  return <Alert type="error" showIcon message={error instanceof Error ? error.message : String(error)} />;
}
