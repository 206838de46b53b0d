import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Row, Segmented, Select, Space, Typography } from 'antd';
import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShops } from '../../api/hooks';
import { formatTime } from '../../lib/time';
import { periods, useDashboard, type Period, type Scope } from './data';
import KpiCards from './KpiCards';
import { DayChart, ShopChart } from './Charts';
import AlertPanels from './AlertPanels';

/** DashboardPage is 概览: the figures for today, 7 and 30 days, by day and by shop, and what needs attention. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation('dashboard');
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const period = (periods as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as Period) : 'd7';
  const scope: Scope = useMemo(() => ({ shop: params.get('shop') ?? undefined, channel: params.get('channel') ?? undefined }), [params]);
  const shops = useShops();
  const d = useDashboard(scope);
  const channels = [...new Set(shops.map((s) => s.channel))];

  const set = (k: string, v?: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p);
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Segmented<Period>
              value={period}
              options={periods.map((p) => ({ value: p, label: t(`period.${p}`) }))}
              onChange={(p) => set('period', p)}
              data-testid="period"
            />
            <Select
              allowClear
              placeholder={t('allShops')}
              style={{ width: 200 }}
              value={scope.shop}
              onChange={(v) => set('shop', v)}
              options={shops.map((s) => ({ value: s.id, label: s.name || s.id }))}
            />
            <Select
              allowClear
              placeholder={t('allChannels')}
              style={{ width: 140 }}
              value={scope.channel}
              onChange={(v) => set('channel', v)}
              options={channels.map((c) => ({ value: c, label: c }))}
            />
          </Space>
          <Space>
            {d.updatedAt && (
              <Typography.Text type="secondary">
                {t('updatedAt', { time: formatTime(d.updatedAt.toISOString(), i18n.language) })}
              </Typography.Text>
            )}
            <Button icon={<ReloadOutlined />} onClick={d.reload} loading={d.loading}>
              {t('common:refresh')}
            </Button>
            <Button type="primary" icon={<FullscreenOutlined />} onClick={() => nav('/dashboard/screen')} data-testid="open-screen">
              {t('screen')}
            </Button>
          </Space>
        </Space>
      </Card>
      {d.error !== undefined && <Alert type="error" showIcon message={t('unavailable')} description={String((d.error as Error)?.message ?? d.error)} />}
      <KpiCards overview={d.overview} period={period} scope={scope} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('byDay', { period: t(`period.${period === 'today' ? 'd7' : period}`) })} size="small">
            <DayChart overview={d.overview[period === 'today' ? 'd7' : period]} scope={scope} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('byShop', { period: t(`period.${period}`) })} size="small">
            <ShopChart overview={d.overview[period]} scope={scope} />
          </Card>
        </Col>
      </Row>
      <AlertPanels alerts={d.alerts} />
    </Space>
  );
}
