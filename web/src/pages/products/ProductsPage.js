import { jsx as _jsx } from "react/jsx-runtime";
// 商品: SKUs and bundles, the shops' listing mappings, the queue of listings
// nobody mapped (from the orders held sku_unmapped), and the SKU import.
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import SKUList from './SKUList';
import Listings from './Listings';
import UnmappedQueue from './UnmappedQueue';
import SKUImport from './SKUImport';
import { allows, can } from '../../auth/roles';
import { useSession } from '../../auth/session';
export default function ProductsPage() {
    const { t } = useTranslation('products');
    const { user } = useSession();
    const [params, setParams] = useSearchParams();
    const tab = params.get('tab') ?? 'skus';
    const merch = allows(can.merchandisers, user?.role);
    return (_jsx(Card, { title: t('title'), children: _jsx(Tabs, { activeKey: tab, onChange: (k) => setParams(k === 'skus' ? {} : { tab: k }, { replace: true }), items: [
                { key: 'skus', label: t('tab.skus'), children: _jsx(SKUList, { bundles: false }) },
                { key: 'bundles', label: t('tab.bundles'), children: _jsx(SKUList, { bundles: true }) },
                { key: 'listings', label: t('tab.listings'), children: _jsx(Listings, { canMap: merch }) },
                { key: 'unmapped', label: t('tab.unmapped'), children: _jsx(UnmappedQueue, { canMap: merch }) },
                ...(merch ? [{ key: 'import', label: t('tab.import'), children: _jsx(SKUImport, {}) }] : []),
            ] }) }));
}
