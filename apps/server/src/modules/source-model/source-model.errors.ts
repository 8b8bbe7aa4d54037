import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class SourceModelError extends AppError {
  static notFound(id: string): SourceModelError {
    return new SourceModelError(ErrorCode.NOT_FOUND, `no source model with id ${id}`, { id });
  }

  static nameTaken(name: string): SourceModelError {
    return new SourceModelError(
      ErrorCode.CONFLICT,
      `a source model named "${name}" already exists; choose another name`,
    );
  }

  static notReady(name: string, status: string): SourceModelError {
    return new SourceModelError(
      ErrorCode.BAD_USER_INPUT,
      `source model "${name}" is ${status}; only READY models can be fine-tuned`,
    );
  }

  static invalidArtifact(reason: string): SourceModelError {
    return new SourceModelError(ErrorCode.BAD_USER_INPUT, `the model cannot be imported: ${reason}`);
  }

  static inUse(name: string): SourceModelError {
    return new SourceModelError(
      ErrorCode.CONFLICT,
      `source model "${name}" is being pretrained; cancel its run first`,
    );
  }
}
