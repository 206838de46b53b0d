import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// MapListing maps a platform listing to a SKU (PUT /api/v1/listings); the
// listing's fields are fixed when it comes from the unmapped queue.
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import FormModal from '../../components/FormModal';
export default function MapListing(p) {
    const { t } = useTranslation('products');
    const fixed = !!p.listing?.external_item_id;
    const required = { required: true, message: t('form.required') };
    return (_jsxs(FormModal, { open: p.open, title: t('map.title'), onClose: p.onClose, onDone: (l) => p.onDone(l), initialValues: p.listing, success: t('map.done'), testId: "map-listing", run: (v) => {
            const shop = p.shops.find((s) => s.id === v.shop);
            return api.put('/api/v1/listings', { ...v, channel: shop?.channel ?? v.channel, sku: v.sku.trim() }, { quiet: true });
        }, children: [_jsx(Form.Item, { name: "shop", label: t('col.shop'), rules: [required], children: _jsx(Select, { disabled: fixed, options: p.shops.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })) }) }), _jsx(Form.Item, { name: "channel", hidden: true, children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "external_item_id", label: t('col.itemId'), rules: [required], children: _jsx(Input, { disabled: fixed }) }), _jsx(Form.Item, { name: "external_sku_id", label: t('col.skuId'), children: _jsx(Input, { disabled: fixed }) }), _jsx(Form.Item, { name: "sku", label: t('map.sku'), rules: [required], extra: t('map.skuHelp'), children: _jsx(Input, { autoFocus: true, placeholder: "TEA-250" }) })] }));
}
