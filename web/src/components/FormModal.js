import { jsx as _jsx } from "react/jsx-runtime";
// FormModal is a change made in a dialog: the form's fields as children,
// validated by antd, the server's field error shown on its field, a success
// message, then onDone (to reload what the change touched).
import { useEffect } from 'react';
import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../lib/useSubmit';
export default function FormModal(p) {
    const { t } = useTranslation();
    const [form] = Form.useForm();
    const { submit, busy } = useSubmit(form, p.run, p);
    useEffect(() => {
        if (p.open) {
            form.resetFields();
            if (p.initialValues)
                form.setFieldsValue(p.initialValues);
        }
    }, [p.open]); // eslint-disable-line react-hooks/exhaustive-deps
    return (_jsx(Modal, { open: p.open, title: p.title, onCancel: p.onClose, okText: p.okText ?? t('confirm'), cancelText: t('cancel'), confirmLoading: busy, destroyOnHidden: true, onOk: async () => {
            const r = await submit();
            if (r.ok) {
                p.onClose();
                p.onDone?.(r.result);
            }
        }, children: _jsx(Form, { form: form, layout: "vertical", "data-testid": p.testId, preserve: false, onValuesChange: (changed) => p.onValuesChange?.(changed, (v) => form.setFieldsValue(v)), children: p.children }) }));
}
