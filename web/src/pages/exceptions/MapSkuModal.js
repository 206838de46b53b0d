import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { AutoComplete, Descriptions, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import { ApiError } from '../../api/client';
import { mapListing } from './fixes';
/** MapSkuModal maps the channel listing an sku_unmapped hold names to one of our SKUs. */
export default function MapSkuModal({ order, onClose, onMapped }) {
    const { t } = useTranslation('exceptions');
    const d = order.hold?.detail ?? {};
    const skus = useGet('/api/v1/skus', { limit: 1000 }, true).data?.items ?? [];
    const [sku, setSku] = useState('');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState('');
    const line = order.lines[Number(d.line) - 1];
    const submit = async () => {
        setBusy(true);
        setError('');
        try {
            await mapListing({
                channel: order.channel,
                shop: d.shop || order.shop,
                external_item_id: d.external_item_id ?? '',
                external_sku_id: d.external_sku_id || undefined,
                sku: sku.trim(),
            });
            await onMapped();
        }
        catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
        }
        finally {
            setBusy(false);
        }
    };
    const q = sku.trim().toLowerCase();
    return (_jsxs(Modal, { open: true, title: t('map.title'), onCancel: onClose, onOk: submit, okText: t('map.ok'), okButtonProps: { disabled: !sku.trim(), loading: busy }, destroyOnHidden: true, children: [_jsx(Form, { layout: "vertical", children: _jsx(Form.Item, { label: t('map.sku'), validateStatus: error ? 'error' : undefined, help: error || undefined, children: _jsx(AutoComplete, { value: sku, onChange: setSku, placeholder: t('map.skuHint'), "data-testid": "map-sku", options: skus
                            .filter((s) => !q || s.code.toLowerCase().includes(q) || s.name.toLowerCase().includes(q))
                            .slice(0, 50)
                            .map((s) => ({ value: s.code, label: `${s.code} ${s.name}` })) }) }) }), _jsxs(Descriptions, { size: "small", column: 1, bordered: true, style: { marginTop: 8 }, children: [_jsx(Descriptions.Item, { label: t('map.shop'), children: d.shop || order.shop }), _jsx(Descriptions.Item, { label: t('map.item'), children: d.external_item_id }), _jsx(Descriptions.Item, { label: t('map.skuId'), children: d.external_sku_id || '—' }), line?.title && _jsx(Descriptions.Item, { label: t('map.title2'), children: line.title })] })] }));
}
