import AWSConfig
import StepwiseAWS

/// Why the AWS backend (or an S3 blob store) could not be set up.
public enum AWSBackendError: Error, Sendable, CustomStringConvertible {
    /// Region, credentials or endpoint could not be resolved.
    case configuration(AWSConfigError, service: String)
    /// State machines on AWS need an IAM role that Step Functions assumes to run them.
    case noRoleArn(endpoint: String)

    public var description: String {
        switch self {
        case .configuration(let error, let service):
            return "cannot configure the AWS \(service) client: \(error)"
        case .noRoleArn(let endpoint):
            return "no IAM role for state machines on \(endpoint): pass roleArn: to .aws(…) or set \(AWSBackendDefaults.roleVariable) "
                + "to the ARN of a role Step Functions can assume (arn:aws:iam::<account>:role/<name>)"
        }
    }
}
