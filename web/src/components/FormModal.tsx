// FormModal is a change made in a dialog: the form's fields as children,
// validated by antd, the server's field error shown on its field, a success
// message, then onDone (to reload what the change touched).
import { useEffect, type ReactNode } from 'react';
import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSubmit, type SubmitOptions } from '../lib/useSubmit';

export interface FormModalProps<V extends object> extends SubmitOptions {
  title: string;
  open: boolean;
  onClose: () => void;
  onDone?: (result: unknown) => void;
  run: (values: V) => Promise<unknown>;
  initialValues?: Partial<V>;
  okText?: string;
  children: ReactNode;
  testId?: string;
  /** onValuesChange sees each change and may set other fields (e.g. a currency from a warehouse). */
  onValuesChange?: (changed: Partial<V>, set: (v: Partial<V>) => void) => void;
}

export default function FormModal<V extends object>(p: FormModalProps<V>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const { submit, busy } = useSubmit(form, p.run, p);
  useEffect(() => {
    if (p.open) {
      form.resetFields();
      if (p.initialValues) form.setFieldsValue(p.initialValues as never);
    }
  }, [p.open]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Modal
      open={p.open}
      title={p.title}
      onCancel={p.onClose}
      okText={p.okText ?? t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
      onOk={async () => {
        const r = await submit();
        if (r.ok) {
          p.onClose();
          p.onDone?.(r.result);
        }
      }}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid={p.testId}
        preserve={false}
        onValuesChange={(changed: Partial<V>) => p.onValuesChange?.(changed, (v) => form.setFieldsValue(v as never))}
      >
        {p.children}
      </Form>
    </Modal>
  );
}
