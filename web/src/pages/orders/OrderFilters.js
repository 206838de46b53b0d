import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShops } from '../../api/hooks';
import { holdReasons, orderStatuses } from './status';
export const filterKeys = ['shop', 'status', 'hold', 'from', 'to', 'sku', 'buyer', 'external_id'];
/** OrderFilters edits the list's filters; the page keeps them in the URL. */
export default function OrderFilters({ value, onChange }) {
    const { t } = useTranslation('orders');
    const shops = useShops();
    const [form] = Form.useForm();
    const initial = {
        ...value,
        range: value.from || value.to ? [value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null] : null,
    };
    const submit = (v) => {
        const { range, ...rest } = v;
        const f = { ...rest };
        if (range?.[0])
            f.from = range[0].format('YYYY-MM-DD');
        if (range?.[1])
            f.to = range[1].format('YYYY-MM-DD');
        for (const k of filterKeys)
            if (!f[k])
                delete f[k];
        onChange(f);
    };
    return (_jsxs(Form, { form: form, layout: "inline", initialValues: initial, onFinish: submit, style: { rowGap: 12, marginBottom: 16 }, children: [_jsx(Form.Item, { name: "external_id", label: t('f.externalId'), children: _jsx(Input, { allowClear: true, placeholder: t('f.externalIdHint'), style: { width: 180 }, "data-testid": "filter-external-id" }) }), _jsx(Form.Item, { name: "shop", label: t('f.shop'), children: _jsx(Select, { allowClear: true, style: { width: 180 }, placeholder: t('f.all'), options: shops.map((s) => ({ value: s.id, label: s.name || s.id })) }) }), _jsx(Form.Item, { name: "status", label: t('f.status'), children: _jsx(Select, { allowClear: true, style: { width: 140 }, placeholder: t('f.all'), options: orderStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })) }) }), _jsx(Form.Item, { name: "hold", label: t('f.hold'), children: _jsx(Select, { allowClear: true, style: { width: 150 }, placeholder: t('f.all'), options: holdReasons.map((s) => ({ value: s, label: t(`hold.${s}`) })) }) }), _jsx(Form.Item, { name: "range", label: t('f.date'), children: _jsx(DatePicker.RangePicker, { allowEmpty: [true, true] }) }), _jsx(Form.Item, { name: "sku", label: t('f.sku'), children: _jsx(Input, { allowClear: true, style: { width: 140 } }) }), _jsx(Form.Item, { name: "buyer", label: t('f.buyer'), children: _jsx(Input, { allowClear: true, style: { width: 160 }, placeholder: t('f.buyerHint') }) }), _jsx(Form.Item, { children: _jsxs(Space, { children: [_jsx(Button, { type: "primary", htmlType: "submit", "data-testid": "filter-submit", children: t('common:search') }), _jsx(Button, { onClick: () => onChange({}), children: t('common:reset') })] }) })] }, JSON.stringify(value)));
}
