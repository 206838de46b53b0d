export default function ScreenPage() {
  return <div />;
}
