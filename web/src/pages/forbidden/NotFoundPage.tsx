import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homePath } from '../../routes';

export default function NotFoundPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound')}
      extra={<Button type="primary" onClick={() => nav(homePath)}>{t('backHome')}</Button>}
    />
  );
}
