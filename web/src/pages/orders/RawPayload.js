import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { useState } from 'react';
import { Alert, Button, Descriptions, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { formatTime } from '../../lib/time';
/** RawPayload shows the inbound payload a version came from, as it arrived (admins: GET /api/v1/raw-events/{id}). */
export default function RawPayload({ id }) {
    const { t, i18n } = useTranslation('orders');
    const [open, setOpen] = useState(false);
    const [ev, setEv] = useState(null);
    const [error, setError] = useState('');
    const show = async () => {
        setOpen(true);
        setError('');
        try {
            setEv(await api.get(`/api/v1/raw-events/${id}`, undefined, true));
        }
        catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
        }
    };
    return (_jsxs(_Fragment, { children: [_jsx(Button, { size: "small", onClick: show, "data-testid": `raw-${id}`, children: t('version.showRaw') }), _jsx(Modal, { open: open, onCancel: () => setOpen(false), footer: null, title: `${t('version.raw')} #${id}`, width: 800, children: error ? (_jsx(Alert, { type: "error", showIcon: true, message: error })) : !ev ? (_jsx(Spin, {})) : (_jsxs(Descriptions, { size: "small", bordered: true, column: 1, children: [_jsx(Descriptions.Item, { label: t('raw.source'), children: ev.source }), _jsx(Descriptions.Item, { label: t('raw.orderKey'), children: ev.order_key }), _jsx(Descriptions.Item, { label: t('version.receivedAt'), children: formatTime(ev.received_at, i18n.language) }), _jsx(Descriptions.Item, { label: t('raw.outcome'), children: ev.outcome || t('raw.accepted') }), _jsx(Descriptions.Item, { label: t('raw.headers'), children: _jsx("pre", { style: { margin: 0, fontSize: 12 }, children: JSON.stringify(ev.headers, null, 2) }) }), _jsx(Descriptions.Item, { label: t('raw.body'), children: _jsx("pre", { style: { margin: 0, fontSize: 12, maxHeight: 360, overflow: 'auto' }, "data-testid": "raw-body", children: typeof ev.body === 'string' ? ev.body : JSON.stringify(ev.body, null, 2) }) })] })) })] }));
}
