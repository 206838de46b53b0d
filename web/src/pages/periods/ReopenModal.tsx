// Reopen a closed period (admins): the reason is kept with the period
// and in the audit log.
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import FormModal from '../../components/FormModal';

interface Props {
  entity: string;
  period: string | null;
  onClose: () => void;
  onDone: () => void;
}

export default function ReopenModal({ entity, period, onClose, onDone }: Props) {
  const { t } = useTranslation('periods');
  return (
    <FormModal<{ reason: string }>
      title={t('reopenTitle', { period })}
      open={period !== null}
      onClose={onClose}
      onDone={onDone}
      success={t('reopened', { period })}
      run={(v) => api.post(`/api/v1/periods/${period}/reopen`, v, { query: { entity }, quiet: true })}
      testId="period-reopen-form"
    >
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('reasonRequired') }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
