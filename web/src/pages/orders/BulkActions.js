import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { Button, Form, Input, Modal, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { send } from '../../api/client';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { BulkProgress, useBulk } from '../../components/BulkRunner';
/** BulkActions approves, holds, cancels or ships the selected orders, one request each. */
export default function BulkActions({ selected, onDone }) {
    const { t } = useTranslation('orders');
    const { user } = useSession();
    const bulk = useBulk();
    const [holdOpen, setHoldOpen] = useState(false);
    const [shipOpen, setShipOpen] = useState(false);
    const desk = allows(can.orderDesk, user?.role);
    const ships = allows(can.shippers, user?.role);
    const rows = selected.map((o) => ({ key: String(o.id), label: o.external_id }));
    const run = async (action, body = () => undefined) => {
        await bulk.start(t(`bulk.${action}`), rows, async (row, key) => {
            const r = await send('POST', `/api/v1/orders/${row.key}/${action}`, { body: body(row.key), idempotencyKey: key, quiet: true });
            return r.replayed ? 'duplicate' : 'applied';
        });
        onDone();
    };
    const confirm = (action) => Modal.confirm({
        title: t(`bulk.${action}`),
        content: t('bulk.confirm', { count: selected.length }),
        onOk: () => void run(action),
    });
    const none = selected.length === 0;
    return (_jsxs(Space, { wrap: true, children: [desk && (_jsxs(_Fragment, { children: [_jsx(Button, { disabled: none, onClick: () => confirm('approve'), "data-testid": "bulk-approve", children: t('bulk.approve') }), _jsx(Button, { disabled: none, onClick: () => setHoldOpen(true), children: t('bulk.hold') }), _jsx(Button, { danger: true, disabled: none, onClick: () => confirm('cancel'), children: t('bulk.cancel') })] })), ships && (_jsx(Button, { disabled: none, onClick: () => setShipOpen(true), children: t('bulk.ship') })), _jsx(HoldModal, { open: holdOpen, onClose: () => setHoldOpen(false), onOk: (message) => {
                    setHoldOpen(false);
                    void run('hold', () => ({ message }));
                } }), _jsx(ShipModal, { open: shipOpen, orders: selected, onClose: () => setShipOpen(false), onOk: (carrier, tracking) => {
                    setShipOpen(false);
                    void run('ship', (id) => ({ carrier, tracking_no: tracking[id] }));
                } }), _jsx(BulkProgress, { bulk: bulk })] }));
}
function HoldModal({ open, onClose, onOk }) {
    const { t } = useTranslation('orders');
    const [form] = Form.useForm();
    return (_jsx(Modal, { open: open, title: t('bulk.hold'), onCancel: onClose, onOk: () => form.submit(), destroyOnHidden: true, children: _jsx(Form, { form: form, layout: "vertical", onFinish: (v) => onOk(v.message ?? ''), children: _jsx(Form.Item, { name: "message", label: t('bulk.holdMessage'), rules: [{ max: 500 }], children: _jsx(Input.TextArea, { rows: 3 }) }) }) }));
}
// ShipModal asks for one carrier and each order's own tracking number.
function ShipModal({ open, orders, onClose, onOk }) {
    const { t } = useTranslation('orders');
    const [form] = Form.useForm();
    return (_jsx(Modal, { open: open, title: t('bulk.ship'), width: 640, onCancel: onClose, onOk: () => form.submit(), destroyOnHidden: true, children: _jsxs(Form, { form: form, layout: "vertical", onFinish: (v) => onOk(v.carrier, v.tracking ?? {}), children: [_jsx(Form.Item, { name: "carrier", label: t('ship.carrier'), rules: [{ required: true, message: t('ship.carrierRequired') }, { max: 64 }], children: _jsx(Input, { placeholder: t('ship.carrierHint') }) }), _jsx(Table, { size: "small", rowKey: "id", pagination: false, dataSource: orders, columns: [
                        { title: t('col.externalId'), dataIndex: 'external_id' },
                        {
                            title: t('ship.trackingNo'),
                            render: (_, o) => (_jsx(Form.Item, { name: ['tracking', String(o.id)], style: { margin: 0 }, rules: [{ required: true, message: t('ship.trackingRequired') }, { max: 64 }], children: _jsx(Input, {}) })),
                        },
                    ] })] }) }));
}
