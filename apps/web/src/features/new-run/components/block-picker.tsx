/**
 * The source model's blocks, input → head, marking which ones train: the head
 * always; for last-k the k below it; for surgical the ones ticked here.
 */
export function BlockPicker({
  blocks,
  kind,
  k,
  chosen,
  onChange,
}: {
  blocks: string[];
  kind: string;
  k: number;
  chosen: string[];
  onChange(blocks: string[]): void;
}) {
  const head = blocks.length - 1;
  const trains = (index: number): boolean | null => {
    if (index === head) return true;
    switch (kind) {
      case 'full':
      case 'gradual-unfreeze':
      case 'lp-ft':
        return true;
      case 'linear-probe':
        return false;
      case 'last-k':
        return index >= head - k;
      case 'surgical':
        return chosen.includes(blocks[index]);
      default:
        return null;
    }
  };
  return (
    <div className="blocks" data-testid="blocks">
      <span className="muted small">
        Blocks, input → head{kind === 'surgical' ? ' (tick the ones to tune)' : ''}
      </span>
      <ol className="block-list">
        {blocks.map((block, i) => {
          const on = trains(i);
          return (
            <li key={block} className={on === null ? 'block' : on ? 'block block-on' : 'block block-off'}>
              {kind === 'surgical' && i !== head ? (
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.includes(block)}
                    onChange={() =>
                      onChange(
                        chosen.includes(block) ? chosen.filter((b) => b !== block) : [...chosen, block],
                      )
                    }
                  />
                  {block}
                </label>
              ) : (
                block
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
