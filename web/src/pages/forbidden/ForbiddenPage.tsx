import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homePath } from '../../routes';

/** ForbiddenPage answers a direct URL to a page the role may not open. */
export default function ForbiddenPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('forbidden')}
      extra={<Button type="primary" onClick={() => nav(homePath)}>{t('backHome')}</Button>}
    />
  );
}
