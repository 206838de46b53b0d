import Placeholder from '../../components/Placeholder';

export default function OrdersPage() {
  return <Placeholder page="orders" />;
}
