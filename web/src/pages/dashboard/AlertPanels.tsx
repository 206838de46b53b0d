import { Badge, Card, Col, Empty, List, Row, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Alerts } from '../../api/types';

const health: Record<string, 'success' | 'warning' | 'error'> = { ok: 'success', degraded: 'warning', down: 'error' };

/** AlertPanels: stock below safety, connector health and the exceptions waiting, each linking to its page. */
export default function AlertPanels({ alerts }: { alerts?: Alerts }) {
  const { t } = useTranslation('dashboard');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('alerts.stock')} size="small" data-testid="stock-alerts">
          <Table
            size="small"
            rowKey={(r) => r.sku + '@' + r.warehouse}
            dataSource={alerts?.stock ?? []}
            pagination={{ pageSize: 6, hideOnSinglePage: true }}
            locale={{ emptyText: t('alerts.stockNone') }}
            columns={[
              { title: 'SKU', dataIndex: 'sku', render: (s: string) => <Link to={`/stock?sku=${encodeURIComponent(s)}`}>{s}</Link> },
              { title: t('alerts.warehouse'), dataIndex: 'warehouse' },
              { title: t('alerts.available'), dataIndex: 'available', align: 'right', render: (v: number) => <Typography.Text type="danger">{v}</Typography.Text> },
              { title: t('alerts.safety'), dataIndex: 'safety', align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={7}>
        <Card title={t('alerts.connectors')} size="small" data-testid="connector-health">
          {alerts?.connectors.length ? (
            <List
              size="small"
              dataSource={alerts.connectors}
              renderItem={(c) => (
                <List.Item>
                  <Badge status={health[c.status] ?? 'default'} text={<Link to={`/shops?shop=${encodeURIComponent(c.shop)}`}>{c.shop}</Link>} />
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 180 }} title={c.detail}>
                    {t(`health.${c.status}`)}
                    {c.detail ? ` · ${c.detail}` : ''}
                  </Typography.Text>
                </List.Item>
              )}
            />
          ) : (
            <Empty description={t('alerts.connectorsNone')} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={7}>
        <Card title={t('alerts.exceptions')} size="small" data-testid="exceptions-waiting">
          {alerts?.exceptions.length ? (
            <List
              size="small"
              dataSource={alerts.exceptions}
              renderItem={(e) => (
                <List.Item>
                  <Link to={`/orders/exceptions?reason=${encodeURIComponent(e.reason)}`}>{t(`orders:hold.${e.reason}`, { defaultValue: e.reason })}</Link>
                  <Tag color="red">{e.count}</Tag>
                </List.Item>
              )}
            />
          ) : (
            <Empty description={t('alerts.exceptionsNone')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
