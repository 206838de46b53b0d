import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Col, Row, Space, Typography } from 'antd';
import { CloseOutlined, FullscreenOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/time';
import { useDashboard } from './data';
import KpiCards from './KpiCards';
import { DayChart, ShopChart } from './Charts';

/** How often the wall display reloads (issue 9: live, every 10–30 s). */
export const screenRefreshMs = 15_000;

const panel = { background: '#0f1629', border: '1px solid #243152', borderRadius: 8, padding: 16 };
const health: Record<string, 'success' | 'warning' | 'error'> = { ok: 'success', degraded: 'warning', down: 'error' };

/** ScreenPage is 大屏: today's figures large and dark for a wall, reloading by itself. */
export default function ScreenPage() {
  const { t, i18n } = useTranslation('dashboard');
  const nav = useNavigate();
  const d = useDashboard({}, screenRefreshMs);
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  const waiting = (d.alerts?.exceptions ?? []).reduce((n, e) => n + e.count, 0);

  return (
    <div style={{ minHeight: '100vh', background: '#070b16', color: '#fff', padding: 24 }} data-testid="screen">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0 }}>
          {t('screenTitle')}
        </Typography.Title>
        <Space size="large">
          <Typography.Text style={{ color: '#8fa3c7', fontSize: 20 }}>{formatTime(now.toISOString(), i18n.language)}</Typography.Text>
          <Button ghost icon={<FullscreenOutlined />} onClick={() => void document.documentElement.requestFullscreen?.()}>
            {t('fullscreen')}
          </Button>
          <Button ghost icon={<CloseOutlined />} onClick={() => nav('/dashboard')}>
            {t('exitScreen')}
          </Button>
        </Space>
      </Space>
      <KpiCards overview={d.overview} period="today" scope={{}} dark />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={15}>
          <div style={panel}>
            <Typography.Title level={4} style={{ color: '#fff' }}>
              {t('byDay', { period: t('period.d30') })}
            </Typography.Title>
            <DayChart overview={d.overview.d30} scope={{}} dark height={380} />
          </div>
        </Col>
        <Col span={9}>
          <div style={panel}>
            <Typography.Title level={4} style={{ color: '#fff' }}>
              {t('byShop', { period: t('period.today') })}
            </Typography.Title>
            <ShopChart overview={d.overview.today} scope={{}} dark height={380} />
          </div>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <div style={panel}>
            <Typography.Text style={{ color: '#8fa3c7', fontSize: 18 }}>{t('alerts.exceptions')}</Typography.Text>
            <div style={{ fontSize: 56, fontWeight: 700, color: waiting ? '#ff4d4f' : '#52c41a' }} data-testid="screen-exceptions">
              {waiting}
            </div>
          </div>
        </Col>
        <Col span={8}>
          <div style={panel}>
            <Typography.Text style={{ color: '#8fa3c7', fontSize: 18 }}>{t('alerts.stock')}</Typography.Text>
            <div style={{ fontSize: 56, fontWeight: 700, color: d.alerts?.stock.length ? '#faad14' : '#52c41a' }}>{d.alerts?.stock.length ?? 0}</div>
          </div>
        </Col>
        <Col span={8}>
          <div style={panel}>
            <Typography.Text style={{ color: '#8fa3c7', fontSize: 18 }}>{t('alerts.connectors')}</Typography.Text>
            <div style={{ marginTop: 12 }}>
              {(d.alerts?.connectors ?? []).map((c) => (
                <div key={c.shop} style={{ fontSize: 18 }}>
                  <Badge status={health[c.status] ?? 'default'} text={<span style={{ color: '#fff' }}>{c.shop} · {t(`health.${c.status}`)}</span>} />
                </div>
              ))}
            </div>
          </div>
        </Col>
      </Row>
      <Typography.Text style={{ color: '#56637f', display: 'block', marginTop: 12 }} data-testid="screen-updated">
        {t('screenRefresh', { seconds: screenRefreshMs / 1000 })}
        {d.updatedAt ? ' · ' + t('updatedAt', { time: formatTime(d.updatedAt.toISOString(), i18n.language) }) : ''}
      </Typography.Text>
    </div>
  );
}
