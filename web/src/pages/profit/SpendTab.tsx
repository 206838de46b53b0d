// 广告花费: the ad spend behind the campaign rows' spend and ROI — its
// import (for the roles that keep the books) above the spend kept for the
// page's days.
import { useState } from 'react';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import SpendImport from './SpendImport';
import SpendTable from './SpendTable';

export default function SpendTab({ from, to, onImported }: { from: string; to: string; onImported: () => void }) {
  const { t } = useTranslation('profit');
  const { user } = useSession();
  const [tick, setTick] = useState(0);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {allows(can.bookkeepers, user?.role) && <SpendImport onImported={() => (setTick((n) => n + 1), onImported())} />}
      <Typography.Paragraph type="secondary">{t('spend.kept', { from, to })}</Typography.Paragraph>
      <SpendTable from={from} to={to} tick={tick} />
    </Space>
  );
}
