import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
// The stock keepers' changes: a receipt (optionally at a unit cost), a count
// adjustment (+ or −), a transfer between warehouses. Each carries a fresh
// Idempotency-Key (the client adds it), so a double click moves stock once.
import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useLoad } from '../../lib/useLoad';
import FormModal from '../../components/FormModal';
/** decimal is a money amount as the API takes it: digits, at most 4 places. */
export const decimal = /^\d{1,12}(\.\d{1,4})?$/;
export default function StockForms(p) {
    const { t } = useTranslation('stock');
    // A receipt's cost is in the books' currency of the warehouse's entity.
    const entities = useLoad(() => api.get('/api/v1/entities').then((r) => r.items), []);
    const currencyOf = (wh) => {
        const code = p.warehouses.find((w) => w.code === wh)?.entity;
        return entities.data?.find((e) => e.code === code)?.base_currency ?? 'CNY';
    };
    const whOptions = p.warehouses.map((w) => ({ value: w.code, label: `${w.name} (${w.code})` }));
    const required = { required: true, message: t('form.required') };
    const run = (v) => {
        switch (p.action) {
            case 'receipt':
                return api.post('/api/v1/stock/receipts', { sku: v.sku.trim(), warehouse: v.warehouse, quantity: v.quantity, unit_cost: v.unit_cost ? { amount: v.unit_cost, currency: v.currency || 'CNY' } : undefined }, { quiet: true });
            case 'adjustment':
                return api.post('/api/v1/stock/adjustments', { sku: v.sku.trim(), warehouse: v.warehouse, quantity: v.quantity }, { quiet: true });
            default:
                return api.post('/api/v1/stock/transfers', { sku: v.sku.trim(), from: v.from, to: v.to, quantity: v.quantity }, { quiet: true });
        }
    };
    const action = p.action ?? 'receipt';
    return (_jsxs(FormModal, { open: p.action !== null, title: t(`action.${action}`), onClose: p.onClose, onDone: p.onDone, run: run, success: t(`done.${action}`), aliases: { 'unit_cost.amount': 'unit_cost', 'unit_cost.currency': 'currency' }, initialValues: { currency: currencyOf(p.warehouses[0]?.code) }, onValuesChange: (changed, set) => changed.warehouse && set({ currency: currencyOf(changed.warehouse) }), testId: `stock-form-${action}`, children: [_jsx(Form.Item, { name: "sku", label: t('col.sku'), rules: [required], children: _jsx(Input, { placeholder: "TEA-250" }) }), action === 'transfer' ? (_jsxs(_Fragment, { children: [_jsx(Form.Item, { name: "from", label: t('form.from'), rules: [required], children: _jsx(Select, { options: whOptions }) }), _jsx(Form.Item, { name: "to", label: t('form.to'), dependencies: ['from'], rules: [
                            required,
                            ({ getFieldValue }) => ({
                                validator: (_, v) => (v && v === getFieldValue('from') ? Promise.reject(new Error(t('form.sameWarehouse'))) : Promise.resolve()),
                            }),
                        ], children: _jsx(Select, { options: whOptions }) })] })) : (_jsx(Form.Item, { name: "warehouse", label: t('col.warehouse'), rules: [required], children: _jsx(Select, { options: whOptions }) })), _jsx(Form.Item, { name: "quantity", label: t(action === 'adjustment' ? 'form.adjustBy' : 'form.quantity'), extra: action === 'adjustment' ? t('form.adjustHelp') : undefined, rules: [
                    required,
                    {
                        validator: (_, v) => v == null || (action === 'adjustment' ? v !== 0 : v > 0) ? Promise.resolve() : Promise.reject(new Error(t(action === 'adjustment' ? 'form.nonZero' : 'form.positive'))),
                    },
                ], children: _jsx(InputNumber, { precision: 0, style: { width: '100%' }, max: 1000000, min: action === 'adjustment' ? -1000000 : 1 }) }), action === 'receipt' && (_jsx(Form.Item, { label: t('form.unitCost'), extra: t('form.unitCostHelp'), children: _jsxs(Space.Compact, { style: { width: '100%' }, children: [_jsx(Form.Item, { name: "unit_cost", noStyle: true, rules: [{ pattern: decimal, message: t('form.amountInvalid') }], children: _jsx(Input, { style: { width: '70%' }, placeholder: "12.50" }) }), _jsx(Form.Item, { name: "currency", noStyle: true, rules: [{ pattern: /^[A-Z]{3}$/, message: t('form.currencyInvalid') }], children: _jsx(Input, { style: { width: '30%' } }) })] }) }))] }));
}
