import Placeholder from '../../components/Placeholder';

export default function DashboardPage() {
  return <Placeholder page="dashboard" />;
}
