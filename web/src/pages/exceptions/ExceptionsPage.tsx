import Placeholder from '../../components/Placeholder';

export default function ExceptionsPage() {
  return <Placeholder page="exceptions" />;
}
