import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { Form, InputNumber, Modal, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWarehouses } from '../../api/hooks';
import { ApiError } from '../../api/client';
import { receiveStock } from './fixes';
/** ReceiveModal books receipts of the SKUs an insufficient_stock hold lacks (its detail: SKU → units needed). */
export default function ReceiveModal({ order, onClose, onReceived }) {
    const { t } = useTranslation('exceptions');
    const warehouses = useWarehouses();
    const needs = Object.entries(order.hold?.detail ?? {}).map(([sku, q]) => ({ sku, quantity: Number(q) || 1 }));
    const [warehouse, setWarehouse] = useState();
    const [qty, setQty] = useState(Object.fromEntries(needs.map((n) => [n.sku, n.quantity])));
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState('');
    const wh = warehouse ?? warehouses[0]?.code;
    const submit = async () => {
        if (!wh)
            return;
        setBusy(true);
        setError('');
        try {
            for (const n of needs)
                await receiveStock({ sku: n.sku, warehouse: wh, quantity: qty[n.sku] ?? n.quantity });
            await onReceived();
        }
        catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
        }
        finally {
            setBusy(false);
        }
    };
    return (_jsxs(Modal, { open: true, title: t('receive.title'), onCancel: onClose, onOk: submit, okText: t('receive.ok'), confirmLoading: busy, destroyOnHidden: true, children: [_jsx(Form, { layout: "vertical", children: _jsx(Form.Item, { label: t('receive.warehouse'), validateStatus: error ? 'error' : undefined, help: error || undefined, children: _jsx(Select, { value: wh, onChange: setWarehouse, options: warehouses.map((w) => ({ value: w.code, label: `${w.code} ${w.name}` })) }) }) }), _jsx(Table, { size: "small", rowKey: "sku", pagination: false, dataSource: needs, columns: [
                    { title: 'SKU', dataIndex: 'sku' },
                    { title: t('receive.needed'), dataIndex: 'quantity', align: 'right' },
                    {
                        title: t('receive.quantity'),
                        render: (_, n) => (_jsx(InputNumber, { min: 1, max: 1000000, precision: 0, value: qty[n.sku], onChange: (v) => setQty({ ...qty, [n.sku]: Number(v) || 1 }) })),
                    },
                ] })] }));
}
