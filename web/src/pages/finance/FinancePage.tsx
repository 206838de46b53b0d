import Placeholder from '../../components/Placeholder';

// h-web2 builds this page (issue 9); until then the frame shows where it goes.
export default function FinancePage() {
  return <Placeholder page="finance" />;
}
