import { jsx as _jsx } from "react/jsx-runtime";
// 设置 (admins): users with their role and per-shop data scope, API tokens,
// the audit log, and the kept inbound payloads with their replay.
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { allows, can } from '../../auth/roles';
import { useSession } from '../../auth/session';
import UsersTab from './UsersTab';
import TokensTab from './TokensTab';
import AuditTab from './AuditTab';
import RawEventsTab from './RawEventsTab';
export default function SettingsPage() {
    const { t } = useTranslation('settings');
    const { user } = useSession();
    const [params, setParams] = useSearchParams();
    const tab = params.get('tab') ?? 'users';
    return (_jsx(Card, { title: t('title'), children: _jsx(Tabs, { activeKey: tab, onChange: (k) => setParams(k === 'users' ? {} : { tab: k }, { replace: true }), items: [
                { key: 'users', label: t('tab.users'), children: _jsx(UsersTab, {}) },
                { key: 'tokens', label: t('tab.tokens'), children: _jsx(TokensTab, {}) },
                { key: 'audit', label: t('tab.audit'), children: _jsx(AuditTab, { params: params, setParams: setParams }) },
                ...(allows(can.rawPayloads, user?.role) ? [{ key: 'raw', label: t('tab.raw'), children: _jsx(RawEventsTab, { params: params, setParams: setParams }) }] : []),
            ] }) }));
}
