import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder stands for a page still to be built; title is the page's menu key. */
export default function Placeholder({ page }: { page: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t(`menu.${page}`)}>
      <Result status="info" title={t('comingSoon')} />
    </Card>
  );
}
